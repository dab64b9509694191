#!/usr/bin/env bash
# Regenerates the icon's raster formats from assets/icon/timescale-lab.svg (the committed
# outputs are what the build uses; this is only needed after editing the SVG).
# Needs: rsvg-convert (librsvg2-bin), ImageMagick (convert), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../assets/icon"
for s in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" timescale-lab.svg -o "timescale-lab-$s.png"
done
cp timescale-lab-512.png timescale-lab.png
convert timescale-lab-16.png timescale-lab-24.png timescale-lab-32.png timescale-lab-48.png \
  timescale-lab-64.png timescale-lab-128.png timescale-lab-256.png timescale-lab.ico
png2icns timescale-lab.icns timescale-lab-16.png timescale-lab-32.png timescale-lab-48.png \
  timescale-lab-128.png timescale-lab-256.png timescale-lab-512.png >/dev/null
