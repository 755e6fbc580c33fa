"""The pure core: knowledge, matching, questions, answers and cards. Nothing here imports discord."""
