"""Living evidence updates: read import files and keep the review queue on disk."""
