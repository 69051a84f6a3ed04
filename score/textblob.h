/*
 * textblob.h: the TextBlob-compatible model: the polarity and subjectivity
 * TextBlob 0.18's default analyzer (PatternAnalyzer, i.e. Pattern's
 * sentiment() over en-sentiment.xml) gives a text.
 */
#ifndef SENTIO_TEXTBLOB_H
#define SENTIO_TEXTBLOB_H

#include <stddef.h>

struct textblob_result {
	double polarity;     /* -1 .. 1 */
	double subjectivity; /* 0 .. 1 */
};

/*
 * Score text[0..len) (UTF-8; ill-formed bytes are taken one by one as
 * ordinary characters).  Scratch buffers are kept between calls and only
 * grow, so a call allocates only when a text is longer than any before.
 * Not thread-safe.
 */
void textblob_score(const char *text, size_t len, struct textblob_result *r);

/*
 * The same, as Pattern 2.6 scores a text of another language, with that
 * language's lexicon (fr-, it-, nl-sentiment.xml), negations, adverbs,
 * contractions and abbreviations; TEXTBLOB_EN is textblob_score().
 */
enum textblob_lang { TEXTBLOB_EN, TEXTBLOB_FR, TEXTBLOB_IT, TEXTBLOB_NL };
void textblob_score_lang(enum textblob_lang lang, const char *text, size_t len,
                         struct textblob_result *r);

#endif
