-- A lookout's display label (usually the subject's name) is no longer stored in clear: it is taken from the encrypted
-- identifiers when they are read (decision 0003). The column stays, blank.
update lk_lookouts set display_label = '';
