@rem Finds the JDK 25 that builds and runs Tidemark and sets JAVA_HOME to it, for the caller
@rem (mvnw.cmd and tidemark.cmd: call "%~dp0.mvn\find-jdk.cmd" || exit /b 1). The same order as
@rem .mvn/find-jdk.sh on macOS and Linux:
@rem   1. JAVA_HOME, if it is a JDK 25;
@rem   2. a JDK 25 in the usual install folders (Adoptium, Oracle, Microsoft, Azul, Corretto, Liberica,
@rem      per-user Adoptium, IntelliJ's %USERPROFILE%\.jdks, Scoop);
@rem   3. the java on the PATH, if it is a 25;
@rem   4. Temurin 25 installed with winget (Windows' own package manager), where it is present;
@rem   5. otherwise one line saying what to install, and exit code 1.
@rem It reads each candidate's `release` file instead of starting a JVM. No setlocal: JAVA_HOME must
@rem reach the caller; the helper variables start with TMJDK_ and are cleared at the end.
@echo off
set "TMJDK_MAJOR=25"
set "TMJDK_OLD=%JAVA_HOME%"
set "TMJDK_TRIED_WINGET="
if not "%JAVA_HOME%"=="" (
  call :is_wanted "%JAVA_HOME%"
  if not errorlevel 1 goto found
)

:scan
for /d %%d in ("%ProgramFiles%\Eclipse Adoptium\jdk-%TMJDK_MAJOR%*" "%ProgramFiles%\Java\jdk-%TMJDK_MAJOR%*" ^
    "%ProgramFiles%\Microsoft\jdk-%TMJDK_MAJOR%*" "%ProgramFiles%\Zulu\zulu-%TMJDK_MAJOR%*" ^
    "%ProgramFiles%\Amazon Corretto\jdk%TMJDK_MAJOR%*" "%ProgramFiles%\BellSoft\LibericaJDK-%TMJDK_MAJOR%*" ^
    "%LOCALAPPDATA%\Programs\Eclipse Adoptium\jdk-%TMJDK_MAJOR%*" "%USERPROFILE%\.jdks\*%TMJDK_MAJOR%*" ^
    "%USERPROFILE%\scoop\apps\temurin%TMJDK_MAJOR%-jdk\current") do (
  call :is_wanted "%%~fd"
  if not errorlevel 1 (
    set "JAVA_HOME=%%~fd"
    goto found
  )
)
for /f "delims=" %%j in ('where java 2^>nul') do (
  for %%h in ("%%~dpj..") do (
    call :is_wanted "%%~fh"
    if not errorlevel 1 (
      set "JAVA_HOME=%%~fh"
      goto found
    )
  )
)
if not defined TMJDK_TRIED_WINGET (
  set "TMJDK_TRIED_WINGET=1"
  where winget >nul 2>&1
  if not errorlevel 1 (
    echo Installing Temurin %TMJDK_MAJOR% with winget ^(no JDK %TMJDK_MAJOR% found^)... 1>&2
    winget install --id EclipseAdoptium.Temurin.%TMJDK_MAJOR%.JDK --exact --silent --accept-package-agreements --accept-source-agreements 1>&2
    if not errorlevel 1 goto scan
  )
)
if "%TMJDK_OLD%"=="" (
  echo Tidemark needs a JDK %TMJDK_MAJOR% and found none: install one ^(winget install EclipseAdoptium.Temurin.%TMJDK_MAJOR%.JDK, or Temurin %TMJDK_MAJOR% from https://adoptium.net^) or set JAVA_HOME to it. 1>&2
) else (
  echo Tidemark needs a JDK %TMJDK_MAJOR% and found none ^(JAVA_HOME=%TMJDK_OLD% is not one^): install one ^(winget install EclipseAdoptium.Temurin.%TMJDK_MAJOR%.JDK, or Temurin %TMJDK_MAJOR% from https://adoptium.net^) or set JAVA_HOME to it. 1>&2
)
set "TMJDK_MAJOR="
set "TMJDK_OLD="
set "TMJDK_TRIED_WINGET="
exit /b 1

:found
set "TMJDK_MAJOR="
set "TMJDK_OLD="
set "TMJDK_TRIED_WINGET="
exit /b 0

rem Exit code 0 when %1 is a JDK (java.exe and javac.exe) whose release file says JAVA_VERSION="25...
:is_wanted
if not exist "%~1\bin\java.exe" exit /b 1
if not exist "%~1\bin\javac.exe" exit /b 1
findstr /b /c:"JAVA_VERSION=\"%TMJDK_MAJOR%" "%~1\release" >nul 2>&1
exit /b %errorlevel%
