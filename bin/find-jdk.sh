# Sourced by ./build, ./candlesignal and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then `java` on PATH, then the newest JDK >= 21 under the usual folders.
# (This machine's default java is 17; a Temurin 25 lives in /usr/lib/jvm.)

candlesignal_java_major() { # $1 = JDK home; prints its major version or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}          # 1.8 -> 8
  echo "${v%%[.+-]*}"
}

candlesignal_find_jdk() {
  local min=21 best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(candlesignal_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(candlesignal_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then export JAVA_HOME=$home; return 0; fi
  fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* "$HOME"/.sdkman/candidates/java/* \
              "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && [ ! -L "$home" ] || continue
    major=$(candlesignal_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best=$home; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "candlesignal needs a JDK 21 or newer, and none was found (JAVA_HOME, PATH, /usr/lib/jvm, ...)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin from https://adoptium.net, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

candlesignal_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
