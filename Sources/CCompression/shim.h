#include <zlib.h>
#include <lzma.h>
#include <bzlib.h>
