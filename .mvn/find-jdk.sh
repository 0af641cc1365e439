# Sourced by ./mvnw, ./specops and .ci/run: points JAVA_HOME at a JDK >= 21.
# The machine's default java may be older (Debian 12 ships 17), so look in the
# usual places before giving up with a message that says what to install.
specops_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
specops_find_jdk() {
  for candidate in "${JAVA_HOME-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/*-2[1-9]* /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(specops_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
# ./mvnw runs with globbing off (set -f); the search needs it.
case $- in *f*) specops_noglob=1; set +f ;; *) specops_noglob= ;; esac
if ! SPECOPS_JDK=$(specops_find_jdk); then
  echo "SpecOps needs a JDK 21 or newer and found none (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt/java, ~/.sdkman)." >&2
  echo "Install one, e.g. 'apt-get install temurin-21-jdk' (Adoptium repository) or 'sdk install java 21-tem', or set JAVA_HOME." >&2
  exit 1
fi
[ -z "$specops_noglob" ] || set -f
JAVA_HOME=$SPECOPS_JDK
export JAVA_HOME
