#!/usr/bin/env bash
# Builds Timescale Lab as a self-contained application for the platform it runs on (Linux x86-64
# here; see README "Install" for Windows and macOS): a trimmed Java runtime (jlink), the app's
# jars, the ND4J natives of this platform only, and a launcher bin/timescale-lab.
#
#   jlink/build.sh          app image   -> target/package/image/timescale-lab/
#   jlink/build.sh --deb    and a .deb  -> target/package/timescale-lab_<version>_amd64.deb
#
# Needs only the JDK 17 (jlink, jpackage) and Maven; --deb also needs fakeroot and dpkg-deb.
#
# Layout choices (see jlink/README.md): JavaFX's platform jars go on jlink's module path (they
# become modules of the runtime); ND4J cannot be a module (its multi-release module-info is
# broken) and stays on the class path with everything else. The native launcher that jpackage
# makes is renamed bin/timescale-lab-java, and bin/timescale-lab is a small sh script that sets
# the OpenMP/OpenBLAS variables (jlink/native-env.sh) before starting it: those libraries read
# their environment once, before any Java code could set it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
deb=false
for a in "$@"; do
  case "$a" in
    --deb) deb=true ;;
    *) echo "usage: jlink/build.sh [--deb]" >&2; exit 2 ;;
  esac
done

name=timescale-lab
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
out="$root/target/package"
# The modules jdeps finds for the app, its libraries and JavaFX (jlink/README.md has the command).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.sql,jdk.incubator.vector,jdk.management,jdk.unsupported,jdk.unsupported.desktop,javafx.controls,javafx.swing
# Heap for the largest supported width (H = 1024) with diagnostics; ND4J's buffers are off-heap.
java_options=(--java-options "-Xmx4g" --java-options "-XX:+UseG1GC" --java-options "--add-modules=jdk.incubator.vector")

echo "== mvn package" >&2
mvn -q -B -Dstyle.color=never -DskipTests package

rm -rf "$out"
mkdir -p "$out/input" "$out/fx"
cp target/$name.jar "$out/input/"
for j in target/lib/*.jar; do
  case "$(basename "$j")" in
    javafx-*-linux.jar | javafx-*-win.jar | javafx-*-mac*.jar) cp "$j" "$out/fx/" ;;
    javafx-*) ;;  # the classifier-less JavaFX jars are empty placeholders
    *) cp "$j" "$out/input/" ;;
  esac
done

echo "== jlink: runtime with $modules" >&2
jlink --module-path "$out/fx" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --strip-native-commands --compress=2 \
  --output "$out/runtime"

echo "== jpackage: app image" >&2
jpackage --type app-image --name $name --app-version "$version" \
  --vendor "Timescale Lab" --description "Watch a gated RNN learn and the dynamical theory of its learning unfold" \
  --input "$out/input" --main-jar $name.jar --main-class org.timescalelab.Launcher \
  --runtime-image "$out/runtime" --icon assets/icon/timescale-lab.png "${java_options[@]}" \
  --dest "$out/image"

image="$out/image/$name"
mv "$image/bin/$name" "$image/bin/$name-java"
mv "$image/lib/app/$name.cfg" "$image/lib/app/$name-java.cfg"
cp jlink/native-env.sh "$image/lib/native-env.sh"
cat > "$image/bin/$name" <<'EOF'
#!/bin/sh
# Timescale Lab: sets the native libraries' threading, then starts the app (no arguments: the
# window; otherwise the same commands as ./timescale-lab, e.g. "train --preset collapse").
here="$(dirname "$(readlink -f "$0")")"
. "$here/../lib/native-env.sh"
exec "$here/timescale-lab-java" "$@"
EOF
chmod 755 "$image/bin/$name"
cp assets/icon/timescale-lab.png "$image/lib/$name.png"

if $deb; then
  echo "== jpackage: .deb" >&2
  res="$out/deb-resources"
  mkdir -p "$res"
  cp assets/timescale-lab.desktop "$res/$name.desktop"
  cp jlink/deb/postinst jlink/deb/prerm "$res/"
  jpackage --type deb --name $name --app-version "$version" --vendor "Timescale Lab" \
    --description "Watch a gated RNN learn and the dynamical theory of its learning unfold" \
    --app-image "$image" --icon assets/icon/timescale-lab.png --resource-dir "$res" \
    --linux-shortcut --linux-menu-group "Education;Science" --linux-app-category science \
    --linux-package-deps "libgtk-3-0, libgl1" --dest "$out"
fi

du -sh "$image" >&2
ls "$out"/*.deb 2>/dev/null >&2 || true
