"""Discord rendering of the core's cards: embeds and interactive components."""
