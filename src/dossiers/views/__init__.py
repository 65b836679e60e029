"""Views of dossiers: the list, a dossier and what members do there, and what others do."""
