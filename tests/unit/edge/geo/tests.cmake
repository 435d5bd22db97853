# edge::geo's unit tests. Their MaxMind DBs are written at run time by tests/support/geo's Perl
# script (MaxMind::DB::Writer), run with the perl found here.
find_program(PERL_EXECUTABLE perl)
if(TARGET edge_geo AND PERL_EXECUTABLE)
  add_library(test_geo_mmdb STATIC ${CMAKE_SOURCE_DIR}/tests/support/geo/test_mmdb.cc)
  target_link_libraries(test_geo_mmdb PUBLIC swipecdn_options)
  target_compile_definitions(test_geo_mmdb PRIVATE
    SWIPECDN_PERL_EXECUTABLE="${PERL_EXECUTABLE}"
    SWIPECDN_MAKE_TEST_MMDB="${CMAKE_SOURCE_DIR}/tests/support/geo/make_test_mmdb.pl")
  swipecdn_unit_tests(edge_geo_tests edge/geo edge_geo test_geo_mmdb)
endif()
