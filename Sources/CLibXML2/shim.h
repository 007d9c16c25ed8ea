// Debian builds libxml2 with ICU, so <libxml/encoding.h> includes <unicode/ucnv.h>. Foundation carries its own
// ICU, and the two declarations of ICU types clash in one Swift module. libxml2's public API only passes
// UConverter pointers around, so a forward declaration is enough (checked against libxml2 2.9.x).
#ifndef UCNV_H
#define UCNV_H
typedef struct UConverter UConverter;
#include <stdint.h>
typedef uint16_t UChar;
#endif
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
