// SeirenExtract: text from XML manuals (DocBook, DITA, Mallard, XHTML/HTML, generic XML). Not built yet.
