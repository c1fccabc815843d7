#ifndef BILLTRIAGE_CCLD2_H
#define BILLTRIAGE_CCLD2_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/* One candidate language of a CLD2 result. */
typedef struct {
    char code[16];      /* ISO 639-1 where CLD2 has one, else CLD2's code */
    int percent;        /* share of the text's bytes */
    double normalized_score;
} bt_cld2_language;

typedef struct {
    bt_cld2_language top[3];
    int reliable;       /* CLD2's is_reliable */
    int text_bytes;     /* bytes CLD2 actually scored */
} bt_cld2_result;

/* Detects the language of UTF-8 plain text. Hints may be NULL or empty:
   content_language is a Content-Language header value ("de, en"),
   tld is a top-level domain ("de"). best_effort asks CLD2 for a guess even
   on text too short for its usual threshold (kCLDFlagBestEffort). */
void bt_cld2_detect(const char *utf8, size_t length,
                    const char *content_language, const char *tld,
                    int best_effort, bt_cld2_result *out);

#ifdef __cplusplus
}
#endif
#endif
