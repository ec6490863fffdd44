#!/usr/bin/env bash
# The plots' SVGs must render outside a browser too: converts each plot of the dung example with
# rsvg-convert and with ImageMagick's own renderer (MSVG) and checks that both drew it (the share of non-white pixels is
# that of a plot, not of an empty page) and that the two agree. Needs librsvg2-bin and imagemagick
# (with libmagickcore-6.q16-6-extra for the MSVG coder; .ci/run installs them). Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
IM=/usr/bin/convert
[ -x "$IM" ] || IM="$(command -v convert)"
command -v rsvg-convert >/dev/null || { echo "check-plots-render: rsvg-convert not installed (apt-get install librsvg2-bin)" >&2; exit 1; }
"$IM" -list format 2>/dev/null | grep -q MSVG || { echo "check-plots-render: ImageMagick with its SVG coders not installed (apt-get install imagemagick libmagickcore-6.q16-6-extra)" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
./lmm plot examples/dung.lmm --model blocks --out "$out" >/dev/null
./lmm plot examples/sleepstudy.lmm --out "$out" >/dev/null
n=0
for svg in "$out"/*.svg; do
  n=$((n + 1))
  rsvg-convert -b white "$svg" -o "$svg.rsvg.png"
  "$IM" -background white "MSVG:$svg" "$svg.im.png" 2>"$svg.im.log"
  # share of pixels darker than white (ink), per renderer
  ink_rsvg=$("$IM" "$svg.rsvg.png" -colorspace Gray -threshold 95% -negate -format '%[fx:mean]' info:)
  ink_im=$("$IM" "$svg.im.png" -colorspace Gray -threshold 95% -negate -format '%[fx:mean]' info:)
  ok=$(awk -v a="$ink_rsvg" -v b="$ink_im" 'BEGIN { print (a > 0.01 && b > 0.01 && b > a / 3 && b < a * 3) ? "yes" : "no" }')
  echo "check-plots-render: $(basename "$svg"): ink rsvg-convert $ink_rsvg, ImageMagick $ink_im: $ok"
  [ "$ok" = yes ] || { cat "$svg.im.log" >&2; exit 1; }
done
[ "$n" -ge 4 ] || { echo "check-plots-render: only $n plots were written" >&2; exit 1; }
echo "check-plots-render: $n plots render in rsvg-convert and ImageMagick"
