# Sourced by the scripts in scripts/: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm (newest first).
# Fails with a clear message when none is found.

jqemu_jdk_feature() { # $1 = a JDK home; prints its feature version (17, 21, 25 ...) or nothing
  local rel="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -r "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  fi
  [ -n "$v" ] && echo "$v"
}

jqemu_find_jdk() {
  local want=21 cand v best="" bestv=0
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jqemu_jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$want" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(jqemu_jdk_feature "$cand")
    if [ -n "$v" ] && [ "$v" -ge "$want" ]; then echo "$cand"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*; do
    [ -d "$cand" ] && [ ! -L "$cand" ] || continue
    v=$(jqemu_jdk_feature "$cand")
    if [ -n "$v" ] && [ "$v" -ge "$want" ] && [ "$v" -gt "$bestv" ]; then best=$cand; bestv=$v; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if JAVA_HOME=$(jqemu_find_jdk); then
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8's bundled Guava uses sun.misc.Unsafe; JDK 23+ warns about it on every build.
  if [ "$(jqemu_jdk_feature "$JAVA_HOME")" -ge 23 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
else
  echo "jqemu: no JDK 21 or newer found (looked at \$JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
  echo "jqemu: install one (e.g. apt-get install openjdk-21-jdk-headless or a Temurin 21+ JDK) or set JAVA_HOME." >&2
  exit 1
fi
