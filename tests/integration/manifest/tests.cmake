# The m3u8 command-line tool run as a real process on temporary files.
find_program(BASH_EXECUTABLE bash)
if(TARGET m3u8 AND BASH_EXECUTABLE)
  add_test(NAME m3u8_cli
           COMMAND ${BASH_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/m3u8_cli_test.sh $<TARGET_FILE:m3u8>)
  set_tests_properties(m3u8_cli PROPERTIES TIMEOUT 60)
endif()
