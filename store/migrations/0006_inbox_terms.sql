-- Search as you type. A prefix term ("thanks"*) makes FTS5 merge the whole doclist of
-- every word it starts before the first row comes back: ~50-100 ms at 1M rows for a common
-- word, whatever the LIMIT. The same words as an OR of plain terms are read lazily in
-- rowid order and stop at the LIMIT (~1 ms). inbox_terms lists every word the index
-- holds, so SearchInbox can turn the word being typed into that OR.
CREATE TABLE inbox_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;

-- The words of new items come from FTS5's own tokenizer, so the list matches the index
-- exactly (case folding, diacritics): UpsertInbox writes a batch into this contentless
-- scratch table, copies its vocabulary into inbox_terms and empties it again.
CREATE VIRTUAL TABLE inbox_tok USING fts5(
    t, content='', tokenize='unicode61 remove_diacritics 2', detail=none
);
CREATE VIRTUAL TABLE inbox_tok_vocab USING fts5vocab(inbox_tok, 'row');

CREATE VIRTUAL TABLE temp.inbox_fts_vocab USING fts5vocab(main, 'inbox_fts', 'row');
INSERT INTO inbox_terms SELECT term FROM temp.inbox_fts_vocab;
DROP TABLE temp.inbox_fts_vocab;
