"""Everything needed to learn a Bouwsteen model (imports ``nlp``, never the other way)."""
