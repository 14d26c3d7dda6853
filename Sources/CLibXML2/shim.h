// The libxml2 surface TenderTrail uses, and the few wrappers Swift cannot express.
#ifndef TENDERTRAIL_CLIBXML2_SHIM_H
#define TENDERTRAIL_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its headers then pull in the system ICU, which collides with
// Foundation's own _FoundationICU in a clean build ("'UErrorCode' has different definitions").
// No code here touches the ICU-specific fields, so drop them before any other libxml2 header.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/c14n.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>

/// Frees memory that libxml2 allocated. `xmlFree` is a global function pointer, which Swift 6
/// rejects as shared mutable state; this wrapper calls it.
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

/// The parser options TenderTrail always uses, in one place.
///
/// - `XML_PARSE_NONET`: never touch the network.
/// - `XML_PARSE_BIG_LINES`: report line numbers above 65535 instead of saturating.
/// - `XML_PARSE_NOCDATA`: merge CDATA sections into text, so a number split by CDATA reads whole.
///
/// Never `XML_PARSE_NOENT` (substitute entities), `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDATTR`,
/// `XML_PARSE_DTDVALID`, `XML_PARSE_HUGE`, `XML_PARSE_XINCLUDE` or `XML_PARSE_RECOVER`.
static inline int clibxml2_secure_parse_options(void) {
    return XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
}

/// The options that must never be set; tests assert the secure set has none of them.
static inline int clibxml2_forbidden_parse_options(void) {
    return XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID
        | XML_PARSE_HUGE | XML_PARSE_XINCLUDE | XML_PARSE_RECOVER;
}

/// A generic-error sink that prints nothing: libxml2 reports every error TenderTrail cares about
/// through structured handlers, and must never write to the user's terminal on its own.
static inline void clibxml2_silent_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Routes libxml2's unstructured (generic) error output to the silent sink, for the calling thread
/// and as the default for threads created later. Wraps `xmlSetGenericErrorFunc` and
/// `xmlThrDefSetGenericErrorFunc`, which take a variadic function Swift cannot write.
static inline void clibxml2_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, clibxml2_silent_generic_error);
    xmlThrDefSetGenericErrorFunc(NULL, clibxml2_silent_generic_error);
}

#endif
