#!/bin/sh
# Computes the area of an ellipse with semi-axes $1 and $2 and writes Flyte outputs as files:
# one file per output variable in the output directory $3 (Flyte's raw-container contract).
set -eu
a="$1"
b="$2"
out="$3"
mkdir -p "$out"
awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f", 3.141592653589793 * a * b }' > "$out/area"
printf "sh" > "$out/metadata"
