// continent_of_country: the table behind the continent of country-only databases.
#include "edge/geo/country_continent.h"

#include <gtest/gtest.h>

namespace edge::geo {
namespace {

TEST(CountryContinent, NamesTheContinentOfEachCountry) {
  EXPECT_EQ(continent_of_country("DE"), "EU");
  EXPECT_EQ(continent_of_country("RU"), "EU");
  EXPECT_EQ(continent_of_country("TR"), "AS");
  EXPECT_EQ(continent_of_country("US"), "NA");
  EXPECT_EQ(continent_of_country("PA"), "NA");
  EXPECT_EQ(continent_of_country("BR"), "SA");
  EXPECT_EQ(continent_of_country("EG"), "AF");
  EXPECT_EQ(continent_of_country("AU"), "OC");
  EXPECT_EQ(continent_of_country("AQ"), "AN");
  EXPECT_EQ(continent_of_country("AD"), "EU");  // the first entry
  EXPECT_EQ(continent_of_country("ZW"), "AF");  // the last
  EXPECT_EQ(continent_of_country("XK"), "EU");
}

TEST(CountryContinent, KnowsNothingElse) {
  for (const char* text : {"", "de", "ZZ", "EU", "A", "DEU", "AA", "ZX"}) {
    EXPECT_EQ(continent_of_country(text), "") << text;
  }
}

}  // namespace
}  // namespace edge::geo
