#!/usr/bin/env bash
# Installs the edge's default country database into a build tree:
#   deploy/install-geo-db.sh BUILD_DIR
# puts BUILD_DIR/share/swipecdn/geo/country.mmdb (where edged, in BUILD_DIR/bin, looks for it)
# with its licence files beside it. The npm package pinned in deploy/geo/package-lock.json is
# installed under BUILD_DIR/geo-db; a second run with the same lock file needs no network, and
# files already in place are left alone. A changed database is renamed into place, so a
# running edged's watcher never reads half of it.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build_dir=$1
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/geo" && pwd)
npm_dir=$build_dir/geo-db
package_dir=$npm_dir/node_modules/@ip-location-db/geo-whois-asn-country-mmdb
share_dir=$build_dir/share/swipecdn/geo

mkdir -p "$npm_dir" "$share_dir"
if ! cmp -s "$source_dir/package-lock.json" "$npm_dir/package-lock.json" ||
   [[ ! -f $package_dir/geo-whois-asn-country.mmdb ]]; then
  cp "$source_dir/package.json" "$source_dir/package-lock.json" "$npm_dir/"
  # No package runs an install script.
  (cd "$npm_dir" && npm ci --ignore-scripts --no-audit --no-fund)
fi

# Copies $1 to $2 unless $2 already has the same bytes, through a temporary file and a rename.
place() {
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2.tmp.$$"
    mv -f "$2.tmp.$$" "$2"
  fi
}
place "$package_dir/geo-whois-asn-country.mmdb" "$share_dir/country.mmdb"
place "$package_dir/NRO_LICENSE" "$share_dir/NRO_LICENSE"
place "$source_dir/country.mmdb.LICENSE" "$share_dir/country.mmdb.LICENSE"
echo "geo database: $share_dir/country.mmdb"
