@echo off
rem Runs the tidemark command line from source on Windows, like ./tidemark on macOS and Linux:
rem the first call builds the engine once; later calls start the CLI at once. It runs on the JDK 25
rem that .mvn\find-jdk.cmd finds, as mvnw.cmd does.
setlocal
set "ROOT=%~dp0"
call "%ROOT%.mvn\find-jdk.cmd"
if errorlevel 1 exit /b 1
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
rem The same JVM flags as ./tidemark and the installed launchers.
"%JAVA_HOME%\bin\java" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED -cp "%CLASSES%;%CP%" io.tidemark.engine.cli.TidemarkCli %*
