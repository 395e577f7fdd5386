@rem Finds the JDK 25 that builds and runs Tidemark and sets JAVA_HOME to it, for the caller
@rem (mvnw.cmd and tidemark.cmd: call it, then "if errorlevel 1 exit /b 1"). The same order as
@rem .mvn/find-jdk.sh on macOS and Linux:
@rem   1. JAVA_HOME, if it is a JDK 25;
@rem   2. a JDK 25 in the usual install folders (Adoptium, Oracle, Microsoft, Azul, Corretto, Liberica,
@rem      per-user Adoptium, IntelliJ's %USERPROFILE%\.jdks, Scoop), newest first;
@rem   3. the java on the PATH, if it is a 25;
@rem   4. Temurin 25 installed with winget (Windows' own package manager), where it is present;
@rem   5. otherwise one line saying what to install, and exit code 1.
@rem It reads each candidate's `release` file instead of starting a JVM, lists folders with dir
@rem rather than for /d, and reads each step's result with "if errorlevel", never with && after a
@rem call (the cmd of Wine, where this was tried, gets those wrong). No setlocal: JAVA_HOME must
@rem reach the caller; the helper variables start with TMJDK_ and are cleared at the end.
@echo off
set "TMJDK_MAJOR=25"
set "TMJDK_OLD=%JAVA_HOME%"
set "TMJDK_TRIED_WINGET="
if "%JAVA_HOME%"=="" goto scan
call :is_wanted "%JAVA_HOME%"
if not errorlevel 1 goto found

:scan
call :scan_dir "%ProgramFiles%\Eclipse Adoptium" "jdk-%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%ProgramFiles%\Java" "jdk-%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%ProgramFiles%\Microsoft" "jdk-%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%ProgramFiles%\Zulu" "zulu-%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%ProgramFiles%\Amazon Corretto" "jdk%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%ProgramFiles%\BellSoft" "LibericaJDK-%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%LOCALAPPDATA%\Programs\Eclipse Adoptium" "jdk-%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%USERPROFILE%\.jdks" "*%TMJDK_MAJOR%*"
if not errorlevel 1 goto found
call :scan_dir "%USERPROFILE%\scoop\apps" "temurin%TMJDK_MAJOR%-jdk*" "\current"
if not errorlevel 1 goto found
call :scan_path
if not errorlevel 1 goto found
if defined TMJDK_TRIED_WINGET goto none
set "TMJDK_TRIED_WINGET=1"
winget --version >nul 2>&1
if errorlevel 1 goto none
>&2 echo Installing Temurin %TMJDK_MAJOR% with winget (no JDK %TMJDK_MAJOR% found)...
winget install --id EclipseAdoptium.Temurin.%TMJDK_MAJOR%.JDK --exact --silent --accept-package-agreements --accept-source-agreements 1>&2
if not errorlevel 1 goto scan

:none
if "%TMJDK_OLD%"=="" goto none_unset
>&2 echo Tidemark needs a JDK %TMJDK_MAJOR% and found none (JAVA_HOME=%TMJDK_OLD% is not one): install one (winget install EclipseAdoptium.Temurin.%TMJDK_MAJOR%.JDK, or Temurin %TMJDK_MAJOR% from https://adoptium.net) or set JAVA_HOME to it.
goto failed
:none_unset
>&2 echo Tidemark needs a JDK %TMJDK_MAJOR% and found none: install one (winget install EclipseAdoptium.Temurin.%TMJDK_MAJOR%.JDK, or Temurin %TMJDK_MAJOR% from https://adoptium.net) or set JAVA_HOME to it.
:failed
call :clear
exit /b 1

:found
call :clear
exit /b 0

:clear
set "TMJDK_MAJOR="
set "TMJDK_OLD="
set "TMJDK_TRIED_WINGET="
set "TMJDK_VERSION="
exit /b 0

rem Exit code 0, with JAVA_HOME set, when a folder in %1 matching %2 (then %3 inside it, if given)
rem is a JDK 25; newest name first.
:scan_dir
if not exist "%~1\" exit /b 1
for /f "delims=" %%d in ('dir /b /ad /o-n "%~1\%~2" 2^>nul') do (
  call :is_wanted "%~1\%%d%~3"
  if not errorlevel 1 (
    set "JAVA_HOME=%~1\%%d%~3"
    exit /b 0
  )
)
exit /b 1

rem Exit code 0, with JAVA_HOME set, when the java on the PATH is a JDK 25's.
:scan_path
for /f "delims=" %%j in ('where java 2^>nul') do (
  call :is_wanted "%%~dpj.."
  if not errorlevel 1 (
    for %%h in ("%%~dpj..") do set "JAVA_HOME=%%~fh"
    exit /b 0
  )
)
exit /b 1

rem Exit code 0 when %1 is a JDK (java.exe and javac.exe) whose release file says JAVA_VERSION="25...
:is_wanted
if not exist "%~1\bin\java.exe" exit /b 1
if not exist "%~1\bin\javac.exe" exit /b 1
if not exist "%~1\release" exit /b 1
set "TMJDK_VERSION="
for /f "usebackq tokens=1,* delims==" %%a in ("%~1\release") do if "%%a"=="JAVA_VERSION" set "TMJDK_VERSION=%%~b"
if "%TMJDK_VERSION%"=="%TMJDK_MAJOR%" exit /b 0
if "%TMJDK_VERSION:~0,3%"=="%TMJDK_MAJOR%." exit /b 0
exit /b 1
