#include <cstdio>
#include <cstring>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include "ccld2.h"

extern "C" void bt_cld2_detect(const char *utf8, size_t length,
                               const char *content_language, const char *tld,
                               int best_effort, bt_cld2_result *out)
{
    CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    if (content_language && *content_language) hints.content_language_hint = content_language;
    if (tld && *tld) hints.tld_hint = tld;
    CLD2::Language language3[3];
    int percent3[3];
    double normalized_score3[3];
    int text_bytes = 0;
    bool reliable = false;
    CLD2::ExtDetectLanguageSummary(utf8, (int)length, /*is_plain_text*/ true, &hints,
                                   best_effort ? CLD2::kCLDFlagBestEffort : 0, language3, percent3, normalized_score3,
                                   /*resultchunkvector*/ nullptr, &text_bytes, &reliable);
    for (int i = 0; i < 3; i++) {
        const char *code = CLD2::LanguageCode(language3[i]);
        std::snprintf(out->top[i].code, sizeof out->top[i].code, "%s", code ? code : "un");
        out->top[i].percent = percent3[i];
        out->top[i].normalized_score = normalized_score3[i];
    }
    out->reliable = reliable ? 1 : 0;
    out->text_bytes = text_bytes;
}
