"""Candidate facts from documents: entities, relations, dates and counts with their sentences.

`graphkit extract FILE… -o candidates.yaml` reads plain text, Markdown or HTML
(`graphkit.extract.text`), splits it into sentences with a blank spaCy pipeline
(`graphkit.extract.nlp`), finds the graph's own entities (`graphkit.extract.gazetteer`, with the
cities and countries of `graphkit.extract.places`) and new ones (`graphkit.extract.patterns`),
dates (`graphkit.extract.dates`), counts (`graphkit.extract.counts`) and relations
(`graphkit.extract.relations`), and writes the candidates for review
(`graphkit.extract.candidates`). `graphkit.extract.pipeline` ties them together.
"""
