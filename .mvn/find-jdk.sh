# Finds the JDK 25 that builds and runs Tidemark, and exports JAVA_HOME to it. Sourced (not run) by
# ./mvnw, ./tidemark and .ci/run, so the README's two commands, the CLI and CI all pick the same JDK
# the same way (.mvn/find-jdk.cmd does the same on Windows):
#   1. JAVA_HOME, if it is a JDK 25;
#   2. a JDK 25 in the usual install folders (Linux /usr/lib/jvm/*25*, macOS java_home and
#      /Library/Java/JavaVirtualMachines, SDKMAN!, IntelliJ's ~/.jdks, /opt);
#   3. the java on the PATH, if it is a 25;
#   4. one installed from the OS packages, where they have one and we may install (root, password-less
#      sudo, or Homebrew);
#   5. otherwise one line saying what to install, and a non-zero status.
# It reads each candidate's `release` file instead of starting a JVM, so it costs a few milliseconds.
# Set TIDEMARK_JDK_QUIET=1 to keep step 4 from printing its progress.

tidemark_jdk_major=25

# Prints the feature version (e.g. 25) of the JDK in $1, or nothing when $1 is no JDK.
tidemark_jdk_feature() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
  fi
}

tidemark_jdk_is_wanted() {
  [ -n "$1" ] && [ "$(tidemark_jdk_feature "$1")" = "$tidemark_jdk_major" ]
}

# The first JDK 25 among the usual install folders (newest first within a folder), or nothing.
tidemark_jdk_scan() {
  case $- in *f*) set +f; tidemark_jdk_noglob=1 ;; *) tidemark_jdk_noglob= ;; esac # ./mvnw runs with globbing off
  for candidate in \
      $(ls -d /usr/lib/jvm/*"$tidemark_jdk_major"* 2>/dev/null | sort -r) \
      $( [ -x /usr/libexec/java_home ] && /usr/libexec/java_home -v "$tidemark_jdk_major" 2>/dev/null ) \
      $(ls -d /Library/Java/JavaVirtualMachines/*"$tidemark_jdk_major"*/Contents/Home 2>/dev/null | sort -r) \
      $(ls -d "$HOME"/Library/Java/JavaVirtualMachines/*"$tidemark_jdk_major"*/Contents/Home 2>/dev/null | sort -r) \
      $(ls -d "$HOME"/.sdkman/candidates/java/"$tidemark_jdk_major"* 2>/dev/null | sort -r) \
      $(ls -d "$HOME"/.jdks/*"$tidemark_jdk_major"* 2>/dev/null | sort -r) \
      $(ls -d /opt/*jdk*"$tidemark_jdk_major"* /opt/java/*"$tidemark_jdk_major"* 2>/dev/null | sort -r); do
    if tidemark_jdk_is_wanted "$candidate"; then
      printf '%s\n' "$candidate"
      break
    fi
  done
  [ -z "$tidemark_jdk_noglob" ] || set -f
  if tidemark_jdk_is_wanted "${candidate:-}"; then
    return 0
  fi
  java_on_path=$(command -v java 2>/dev/null) || return 0
  java_on_path=$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")
  candidate=${java_on_path%/bin/java}
  if tidemark_jdk_is_wanted "$candidate"; then
    printf '%s\n' "$candidate"
  fi
}

# Installs a JDK 25 from the OS packages when they have one and we may; silent failure otherwise.
tidemark_jdk_install() {
  say() { [ -n "${TIDEMARK_JDK_QUIET:-}" ] || echo "$*" >&2; }
  if [ "$(id -u)" = 0 ]; then as_root=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; else as_root=none; fi
  if command -v apt-get >/dev/null 2>&1 && [ "$as_root" != none ]; then
    for package in openjdk-$tidemark_jdk_major-jdk-headless temurin-$tidemark_jdk_major-jdk; do
      if apt-cache show "$package" >/dev/null 2>&1 \
          || { $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 && apt-cache show "$package" >/dev/null 2>&1; }; then
        say "Installing $package from the OS packages (no JDK $tidemark_jdk_major found)..."
        $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >&2 && return 0
      fi
    done
  elif command -v dnf >/dev/null 2>&1 && [ "$as_root" != none ]; then
    say "Installing java-$tidemark_jdk_major-openjdk-devel from the OS packages (no JDK $tidemark_jdk_major found)..."
    $as_root dnf install -y -q "java-$tidemark_jdk_major-openjdk-devel" >&2 && return 0
  elif command -v brew >/dev/null 2>&1; then
    say "Installing temurin@$tidemark_jdk_major with Homebrew (no JDK $tidemark_jdk_major found)..."
    brew install --cask "temurin@$tidemark_jdk_major" >&2 && return 0
  fi
  return 1
}

tidemark_find_jdk() {
  if tidemark_jdk_is_wanted "${JAVA_HOME:-}"; then
    export JAVA_HOME
    return 0
  fi
  found=$(tidemark_jdk_scan)
  if [ -z "$found" ] && tidemark_jdk_install; then
    found=$(tidemark_jdk_scan)
  fi
  if [ -z "$found" ]; then
    case "$(uname -s 2>/dev/null)" in
      Darwin) how="brew install --cask temurin@$tidemark_jdk_major" ;;
      *) how="sudo apt-get install openjdk-$tidemark_jdk_major-jdk (or Temurin $tidemark_jdk_major from https://adoptium.net)" ;;
    esac
    if [ -n "${JAVA_HOME:-}" ]; then
      other=$(tidemark_jdk_feature "$JAVA_HOME")
      other=" (JAVA_HOME=$JAVA_HOME is ${other:+a JDK }${other:-no JDK})"
    else
      other=""
    fi
    echo "Tidemark needs a JDK $tidemark_jdk_major and found none$other: install one ($how) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$found
  export JAVA_HOME
}
