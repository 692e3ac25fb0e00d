# Loaded by p3shim.cmake as CMAKE_USER_MAKE_RULES_OVERRIDE, after CMake's platform
# defaults: executables are WASIp3 components.
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
