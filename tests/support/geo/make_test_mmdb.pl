#!/usr/bin/perl
# Writes a small MaxMind DB for tests, shaped like GeoLite2-Country (or like ip-location-db's
# country databases with --layout=country_code), from networks given on the command line:
#
#   make_test_mmdb.pl [--layout=geolite2|country_code] [--ipv4] OUT.mmdb CIDR=PLACE ...
#
# PLACE is COUNTRY/CONTINENT (DE/EU), COUNTRY alone, or registered:COUNTRY/CONTINENT for a
# record that has only registered_country (GeoLite2's anonymous-proxy and satellite ranges).
# Loopback and other reserved networks are kept, since integration tests place viewers in
# countries by binding to 127.x.y.z. IPv4-mapped IPv6 networks (::ffff:127.3.0.0/112) are
# written as the IPv4 network they map, where readers of GeoLite2 look them up.
use strict;
use warnings;

use Getopt::Long qw(GetOptions);
use MaxMind::DB::Writer::Tree;

my $layout = 'geolite2';
my $ipv4_only = 0;
GetOptions('layout=s' => \$layout, 'ipv4' => \$ipv4_only)
  or die "usage: $0 [--layout=geolite2|country_code] [--ipv4] OUT.mmdb CIDR=PLACE ...\n";
die "unknown layout '$layout'\n" unless $layout eq 'geolite2' || $layout eq 'country_code';
my $out = shift @ARGV or die "usage: $0 [options] OUT.mmdb CIDR=PLACE ...\n";

my %continent_names = (AF => 'Africa', AN => 'Antarctica', AS => 'Asia', EU => 'Europe',
                       NA => 'North America', OC => 'Oceania', SA => 'South America');

my %types = (
  continent => 'map', country => 'map', registered_country => 'map', names => 'map',
  code => 'utf8_string', iso_code => 'utf8_string', en => 'utf8_string',
  geoname_id => 'uint32', country_code => 'utf8_string',
);

my $tree = MaxMind::DB::Writer::Tree->new(
  ip_version => $ipv4_only ? 4 : 6,
  record_size => 24,
  database_type => $layout eq 'geolite2' ? 'GeoLite2-Country' : 'country',
  languages => ['en'],
  description => { en => 'swipecdn test database' },
  map_key_type_callback => sub { $types{ $_[0] } or die "no type for key '$_[0]'\n" },
  remove_reserved_networks => 0,
  alias_ipv6_to_ipv4 => $ipv4_only ? 0 : 1,
);

sub network {
  my ($cidr) = @_;
  if ($cidr =~ m{^::ffff:(\d+\.\d+\.\d+\.\d+)/(\d+)$}i) {
    die "IPv4-mapped network '$cidr' needs a prefix of at least 96\n" if $2 < 96;
    return "$1/" . ($2 - 96);
  }
  return $cidr;
}

sub record {
  my ($place) = @_;
  my $registered_only = $place =~ s/^registered://;
  my ($country, $continent) = split m{/}, $place, 2;
  die "bad country '$country'\n" unless defined $country && $country =~ /^[A-Za-z]{2}$/;
  return { country_code => $country } if $layout eq 'country_code';
  my %record;
  my $country_map = { iso_code => $country, names => { en => $country } };
  $record{registered_country} = $country_map;
  $record{country} = $country_map unless $registered_only;
  if (defined $continent && length $continent) {
    die "bad continent '$continent'\n" unless $continent_names{$continent};
    $record{continent} = { code => $continent, names => { en => $continent_names{$continent} } };
  }
  return \%record;
}

for my $argument (@ARGV) {
  my ($cidr, $place) = split /=/, $argument, 2;
  die "expected CIDR=PLACE, got '$argument'\n" unless defined $place;
  $tree->insert_network(network($cidr), record($place));
}

open my $fh, '>:raw', $out or die "cannot write $out: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot write $out: $!\n";
