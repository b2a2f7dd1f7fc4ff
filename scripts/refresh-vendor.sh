#!/usr/bin/env bash
# Refresh third-party front-end files from the npm registry at pinned versions.
# The app serves them itself (src/liaison/web/static/vendor): nothing loads from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/liaison/web/static/vendor
PICO_VERSION=2.1.1
CHARTJS_VERSION=4.4.7
SWAGGER_UI_VERSION=5.35.0
CYTOSCAPE_VERSION=3.33.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "@picocss/pico@${PICO_VERSION}" "chart.js@${CHARTJS_VERSION}" \
    "swagger-ui-dist@${SWAGGER_UI_VERSION}" "cytoscape@${CYTOSCAPE_VERSION}" >/dev/null )
mkdir -p "$DEST"
tar -xzf "$work/picocss-pico-${PICO_VERSION}.tgz" -C "$work" package/css/pico.min.css package/LICENSE.md
cp "$work/package/css/pico.min.css" "$DEST/pico.min.css"
cp "$work/package/LICENSE.md" "$DEST/pico.LICENSE.md"
rm -rf "$work/package"
tar -xzf "$work/chart.js-${CHARTJS_VERSION}.tgz" -C "$work" package/dist/chart.umd.js package/LICENSE.md
cp "$work/package/dist/chart.umd.js" "$DEST/chart.umd.js"
cp "$work/package/LICENSE.md" "$DEST/chart.LICENSE.md"
rm -rf "$work/package"
# Swagger UI for /api/docs: only the bundle, its CSS and the licence (the init script is our own file).
tar -xzf "$work/swagger-ui-dist-${SWAGGER_UI_VERSION}.tgz" -C "$work" \
    package/swagger-ui-bundle.js package/swagger-ui.css package/LICENSE
cp "$work/package/swagger-ui-bundle.js" "$DEST/swagger-ui-bundle.js"
cp "$work/package/swagger-ui.css" "$DEST/swagger-ui.css"
cp "$work/package/LICENSE" "$DEST/swagger-ui.LICENSE"
# Cytoscape.js for the analyst's graph page: the minified UMD build and its licence.
tar -xzf "$work/cytoscape-${CYTOSCAPE_VERSION}.tgz" -C "$work" package/dist/cytoscape.min.js package/LICENSE
cp "$work/package/dist/cytoscape.min.js" "$DEST/cytoscape.min.js"
cp "$work/package/LICENSE" "$DEST/cytoscape.LICENSE"
rm -rf "$work/package"
cat > "$DEST/VERSIONS.txt" <<TXT
@picocss/pico ${PICO_VERSION} (MIT) css/pico.min.css
chart.js ${CHARTJS_VERSION} (MIT) dist/chart.umd.js
swagger-ui-dist ${SWAGGER_UI_VERSION} (Apache-2.0) swagger-ui-bundle.js swagger-ui.css
cytoscape ${CYTOSCAPE_VERSION} (MIT) dist/cytoscape.min.js
Refreshed by scripts/refresh-vendor.sh
TXT
echo "vendor files refreshed in $DEST"
