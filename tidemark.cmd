@echo off
rem Runs the tidemark command line from source on Windows, like ./tidemark on macOS and Linux:
rem the first call builds the engine once; later calls start the CLI at once.
setlocal
set "ROOT=%~dp0"
set "CLASSES=%ROOT%engine\target\classes"
set "CPFILE=%ROOT%engine\target\cli-classpath.txt"
if defined TIDEMARK_REBUILD goto build
if not exist "%CPFILE%" goto build
if not exist "%CLASSES%\io\tidemark\engine\cli\TidemarkCli.class" goto build
goto run
:build
echo tidemark: building the command line once (mvnw -pl engine -am compile)... 1>&2
call "%ROOT%mvnw.cmd" -q -B -pl engine -am compile 1>&2 || exit /b 1
:run
for /f "usebackq delims=" %%a in ("%CPFILE%") do set "CP=%%a"
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java") else (set "JAVA=java")
"%JAVA%" -XX:+UseSerialGC -cp "%CLASSES%;%CP%" io.tidemark.engine.cli.TidemarkCli %*
