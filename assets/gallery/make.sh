#!/usr/bin/env bash
# Rebuilds the gallery: every fog palette and every elements look, two prompts each, filled by bin/genshot into
# copies of the sample projects and rendered by the real hosts:
#   - Kdenlive: assets/samples/kdenlive/sample.kdenlive, gap V1:1 (frames 50-74, nothing under it), rendered by
#     melt (xvfb-run -a melt ... in=50 out=74);
#   - OpenShot: assets/samples/openshot/sample.osp with a drawn landscape (scene.mp4) put on V1 under the gap and
#     A/B moved to V2 (scene-under-gap.py), gap V2:1, rendered by libopenshot (render-osp.py).
# Each take gives two frames per host (gap frames 1 and 23; libopenshot shows the neighbouring clip too on a
# boundary frame); each look one contact sheet <look>.png.
# Needs: a built distribution (mvn -B package -DskipTests), melt, xvfb-run, ffmpeg, python3-openshot, ImageMagick.
# Usage: assets/gallery/make.sh [look ...]    (default: all)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
genshot="$repo/bin/genshot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
thumb=160x90
seed=7

# sheet|prompt|parameters (comma separated KEY=VALUE)|generator
takes=(
  "fog-neutral|fog|palette=neutral|fog"
  "fog-neutral|pink fog|palette=neutral|fog"
  "fog-morning|thick morning fog||fog"
  "fog-morning|thin morning haze, slow|speed=0.5|fog"
  "fog-dawn|fog at dawn||fog"
  "fog-dawn|golden fog at sunrise||fog"
  "fog-dusk|fog at sunset||fog"
  "fog-dusk|thick red fog at dusk||fog"
  "fog-night|night fog||fog"
  "fog-night|thin blue fog in the moonlight||fog"
  "elements-fog|thick mist rolling over a lake at dawn|look=fog|elements"
  "elements-fog|murky fog bank at night|look=fog|elements"
  "elements-smoke|smoke rising|look=smoke|elements"
  "elements-smoke|thick billowing smoke at night|look=smoke|elements"
  "elements-fire|campfire flames flickering|look=fire|elements"
  "elements-fire|a wall of fire|look=fire|elements"
  "elements-snow|gentle snowfall|look=snow|elements"
  "elements-snow|a blizzard at night|look=snow|elements"
  "elements-rain|rain falling|look=rain|elements"
  "elements-rain|heavy downpour at night|look=rain|elements"
  "elements-dust|dust motes floating in a sunbeam|look=dust|elements"
  "elements-dust|pollen drifting in the air|look=dust|elements"
  "elements-starfield|stars in the night sky|look=starfield|elements"
  "elements-starfield|deep space, fast|look=starfield|elements"
  "elements-sky|clouds drifting across the sky|look=sky|elements"
  "elements-sky|sunset sky with clouds|look=sky|elements"
  "elements-bokeh|out of focus city lights|look=bokeh|elements"
  "elements-bokeh|defocused christmas lights|look=bokeh|elements"
  "elements-leaks|light leaks|look=leaks|elements"
  "elements-leaks|sun flare washing over the image|look=leaks|elements"
  "elements-grain|film grain|look=grain|elements"
  "elements-grain|grainy old film|look=grain|elements"
  "elements-chroma|green screen|look=chroma|elements"
  "elements-chroma|blue screen|look=chroma|elements"
)

# The landscape under the OpenShot gap: sky, hills, trees, a house; a slow pan so the footage moves too.
convert -size 760x360 gradient:'#9ec3e6-#eef2f2' \
  -fill '#7f9c86' -draw 'ellipse 120 330 260 120 0 360' -draw 'ellipse 560 340 330 130 0 360' \
  -fill '#4f7a45' -draw 'polygon 0,300 180,250 380,285 560,240 760,275 760,360 0,360' \
  -fill '#8a7a5a' -draw 'polygon 330,360 380,285 400,285 470,360' \
  -fill '#22381f' -draw 'polygon 60,300 90,190 120,300' -draw 'polygon 105,305 140,170 175,305' \
  -draw 'polygon 600,280 630,170 660,280' -draw 'polygon 650,285 690,150 730,285' \
  -fill '#c8b8a0' -draw 'rectangle 470,215 560,265' -fill '#7a3b2e' -draw 'polygon 460,218 515,180 570,218' \
  -fill '#3a3a44' -draw 'rectangle 500,235 520,265' -draw 'rectangle 535,228 552,244' \
  "$work/scene.png"
ffmpeg -v error -y -loop 1 -i "$work/scene.png" -t 5 -r 25 \
  -vf "crop=640:360:'min(120,t*24)':0,format=yuv420p" -c:v libx264 -crf 18 "$work/scene.mp4"

wanted=" ${*:-} "
declare -A rows
i=0
for take in "${takes[@]}"; do
  IFS='|' read -r sheet prompt params generator <<<"$take"
  look="${sheet#elements-}"; look="${look#fog-}"
  if [ "$wanted" != "  " ] && [[ "$wanted" != *" $look "* && "$wanted" != *" $sheet "* ]]; then
    continue
  fi
  i=$((i + 1))
  args=(-g "$generator" -p "$prompt" --seed "$seed" --no-progress)
  if [ -n "$params" ]; then
    IFS=',' read -ra kv <<<"$params"
    for p in "${kv[@]}"; do args+=(-P "$p"); done
  fi
  echo "[$i] $sheet: \"$prompt\" ${params:+($params)}"

  k="$work/k$i"; cp -r "$repo/assets/samples/kdenlive" "$k"
  "$genshot" fill "$k/sample.kdenlive" --gap V1:1 "${args[@]}" >/dev/null
  xvfb-run -a melt -silent "$k/sample.kdenlive" in=50 out=74 -consumer "avformat:$k/gap.mp4" \
    vcodec=libx264 crf=10 preset=ultrafast pix_fmt=yuv420p an=1 2>"$k/melt.log"
  for f in 1 23; do
    ffmpeg -v error -y -i "$k/gap.mp4" -vf "select=eq(n\,$f)" -frames:v 1 "$k/m$f.png"
  done

  o="$work/o$i"; cp -r "$repo/assets/samples/openshot" "$o"; cp "$work/scene.mp4" "$o/"
  /usr/bin/python3 "$here/scene-under-gap.py" "$o/sample.osp" scene.mp4 5
  "$genshot" fill "$o/sample.osp" --gap V2:1 "${args[@]}" >/dev/null
  /usr/bin/python3 "$here/render-osp.py" "$o/sample.osp" 50 74 "$o/frames" >"$o/render.log" 2>&1

  label="\"$prompt\"${params:+  ($params)}"
  convert \( "$k/m1.png" "$k/m23.png" "$o/frames/f051.png" "$o/frames/f073.png" \) \
    -resize "$thumb" +append \( -size 640x20 xc:'#202020' -fill white -pointsize 12 -gravity west \
    -annotate +5+0 "$label  |  melt, nothing below  |  libopenshot, over V1" \) \
    +swap -append "$work/row$i.png"
  rows[$sheet]="${rows[$sheet]:-} $work/row$i.png"
done

for sheet in "${!rows[@]}"; do
  # shellcheck disable=SC2086
  # a slight blur and 64 flat colours keep a sheet near 25 KB (the frames' dither and grain do not compress)
  convert ${rows[$sheet]} -append -blur 0x0.5 -dither None -colors 64 -strip "PNG8:$here/$sheet.png"
  echo "wrote $here/$sheet.png"
done
