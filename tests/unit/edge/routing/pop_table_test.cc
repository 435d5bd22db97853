// PopTable: regions by country then continent, distances, and the ranking's rules.
#include "edge/routing/pop_table.h"

#include <gtest/gtest.h>

namespace edge::routing {
namespace {

// eu-west serves eu (DE, FR; EU), uk (GB); eu-central serves eu too; us-east serves us (US;
// NA); ap serves jp (JP) and asia (AS).
PopTable fleet(std::string_view local = "eu-west") {
  std::vector<Region> regions = {{"eu", {"DE", "FR"}, {"EU"}},
                                 {"uk", {"GB"}, {}},
                                 {"us", {"US"}, {"NA"}},
                                 {"jp", {"JP"}, {}},
                                 {"asia", {}, {"AS"}}};
  std::vector<Pop> pops = {{"eu-west", {"eu", "uk"}, "http://10.0.1.1:8081", ""},
                           {"eu-central", {"eu"}, "http://10.0.2.1:8081", ""},
                           {"us-east", {"us"}, "http://10.0.3.1:8081", ""},
                           {"ap", {"jp", "asia"}, "http://10.0.4.1:8081", ""}};
  return PopTable(std::move(regions), std::move(pops), local);
}

std::vector<std::string> names(const PopTable& table, const std::vector<size_t>& order) {
  std::vector<std::string> out;
  for (size_t i : order)
    out.push_back(table.pop(i).name);
  return out;
}

const std::vector<PopState> kAllUp(4, PopState::kUp);

TEST(PopTable, RegionByCountryBeforeContinent) {
  PopTable table = fleet();
  ASSERT_NE(table.region_of({"GB", "EU"}), nullptr);
  EXPECT_EQ(table.region_of({"GB", "EU"})->name, "uk");  // GB is listed; EU would say eu
  EXPECT_EQ(table.region_of({"IT", "EU"})->name, "eu");  // by continent
  EXPECT_EQ(table.region_of({"KR", "AS"})->name, "asia");
  EXPECT_EQ(table.region_of({"BR", "SA"}), nullptr);
  EXPECT_EQ(table.region_of({"", ""}), nullptr);
}

TEST(PopTable, LocalPopIsAddedWhenNotDeclared) {
  PopTable table({}, {}, "solo");
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table.pop(table.local()).name, "solo");
  EXPECT_EQ(table.find("nope"), table.size());
}

TEST(PopTable, DistanceByRegionThenContinent) {
  PopTable table = fleet();
  const Place us{"US", "NA"};
  EXPECT_EQ(table.distance(table.find("us-east"), us), 0);
  EXPECT_EQ(table.distance(table.find("eu-west"), us), 2);
  const Place korea{"KR", "AS"};  // asia by continent: ap serves it
  EXPECT_EQ(table.distance(table.find("ap"), korea), 0);
  const Place unknown{"", ""};  // stays where it is
  EXPECT_EQ(table.distance(table.local(), unknown), 0);
  EXPECT_EQ(table.distance(table.find("us-east"), unknown), 2);
}

TEST(PopTable, ContinentOnlyPlaceIsOneAwayFromPopsOfItsContinent) {
  std::vector<Region> regions = {{"de", {"DE"}, {}}, {"fr", {"FR"}, {"EU"}}};
  std::vector<Pop> pops = {{"fra", {"de"}, "http://a", ""}, {"par", {"fr"}, "http://b", ""}};
  PopTable table(std::move(regions), std::move(pops), "fra");
  // IT is in no region by country, but EU maps to fr: par serves the viewer's region.
  EXPECT_EQ(table.distance(table.find("par"), {"IT", "EU"}), 0);
  EXPECT_EQ(table.distance(table.find("fra"), {"IT", "EU"}), 2);
}

TEST(PopTable, RankNearestFirstLocalFirstAmongEquals) {
  PopTable table = fleet("eu-central");
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, kAllUp)),
            (std::vector<std::string>{"eu-central", "eu-west", "us-east", "ap"}));
  EXPECT_EQ(names(table, table.rank({"US", "NA"}, kAllUp)),
            (std::vector<std::string>{"us-east", "eu-central", "eu-west", "ap"}));
  EXPECT_EQ(names(table, table.rank({"", ""}, kAllUp)).front(), "eu-central");
}

TEST(PopTable, PopsNotUpComeLast) {
  PopTable table = fleet();
  std::vector<PopState> states = kAllUp;
  states[table.find("us-east")] = PopState::kDraining;
  EXPECT_EQ(names(table, table.rank({"US", "NA"}, states)),
            (std::vector<std::string>{"eu-west", "eu-central", "ap", "us-east"}));
  states[table.find("eu-west")] = PopState::kDown;
  EXPECT_EQ(names(table, table.rank({"US", "NA"}, states)),
            (std::vector<std::string>{"eu-central", "ap", "us-east", "eu-west"}));
}

TEST(PopTable, ReportedPathwayStaysFirstAmongEquals) {
  PopTable table = fleet();
  PlayerReport report{"eu-central", 5'000'000};
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, kAllUp, report, 1'000'000)).front(),
            "eu-central");
  // A farther pathway does not stick.
  report.pathway = "us-east";
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, kAllUp, report)).front(), "eu-west");
  // Nor one that is not up.
  std::vector<PopState> states = kAllUp;
  states[table.find("eu-central")] = PopState::kDown;
  report.pathway = "eu-central";
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, states, report)).front(), "eu-west");
}

TEST(PopTable, SlowPathwayYieldsToAnEquallyNearPop) {
  PopTable table = fleet();
  PlayerReport report{"eu-west", 400'000};
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, kAllUp, report, 1'000'000)),
            (std::vector<std::string>{"eu-central", "eu-west", "us-east", "ap"}));
  // Without a threshold, or fast enough, it stays.
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, kAllUp, report, 0)).front(), "eu-west");
  report.throughput = 2'000'000;
  EXPECT_EQ(names(table, table.rank({"DE", "EU"}, kAllUp, report, 1'000'000)).front(), "eu-west");
  // With no equal to yield to, a slow pathway is still the best there is.
  report = {"us-east", 100};
  EXPECT_EQ(names(table, table.rank({"US", "NA"}, kAllUp, report, 1'000'000)).front(), "us-east");
}

}  // namespace
}  // namespace edge::routing
