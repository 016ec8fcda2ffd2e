#!/usr/bin/env bash
# Renders a DOCX (the semi-annual report written by `flask report semiannual --format docx`)
# to PDF with LibreOffice, then to one PNG per page with pdftoppm, to look at the layout
# Word users will get. A manual check, not part of `make setup` or CI: LibreOffice is big.
#
#   scripts/render-docx.sh report.docx [output-dir] [dpi]
#
# Writes output-dir/report.pdf and output-dir/report-1.png, -2.png, ... (default: the DOCX's
# folder, 80 dpi). LibreOffice comes from Debian's libreoffice-writer package: installed here
# when missing and running as root, else the command to install it is printed.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "Usage: $0 FILE.docx [OUTPUT_DIR] [DPI]" >&2
  exit 2
fi
docx=$(realpath "$1")
outdir=$(realpath -m "${2:-$(dirname "$docx")}")
dpi=${3:-80}
name=$(basename "${docx%.*}")

need_install=()
command -v soffice >/dev/null 2>&1 || need_install+=(libreoffice-writer)
command -v pdftoppm >/dev/null 2>&1 || need_install+=(poppler-utils)
# Liberation Serif stands in for Times New Roman (same metrics), as in the PDFs.
fc-list 2>/dev/null | grep -q "Liberation Serif" || need_install+=(fonts-liberation2)
if [ ${#need_install[@]} -gt 0 ]; then
  command="apt-get update && apt-get install -y --no-install-recommends ${need_install[*]}"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${need_install[*]}. Install them with:" >&2
    echo "  sudo $command" >&2
    exit 1
  fi
  echo "Installing ${need_install[*]} (Debian packages)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_install[@]}" >/dev/null
fi

mkdir -p "$outdir"
# A private profile, so a LibreOffice already open on this machine neither blocks nor is changed.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice --headless --norestore -env:UserInstallation="file://$profile" \
  --convert-to pdf --outdir "$outdir" "$docx" >/dev/null
pdf="$outdir/$name.pdf"
[ -f "$pdf" ] || { echo "LibreOffice wrote no PDF for $docx" >&2; exit 1; }
rm -f "$outdir/$name"-*.png
pdftoppm -r "$dpi" -png "$pdf" "$outdir/$name"
pages=$(find "$outdir" -maxdepth 1 -name "$name-*.png" | wc -l)
echo "$pdf and $pages page image(s): $outdir/$name-*.png"
