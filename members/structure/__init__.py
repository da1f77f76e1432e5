"""The organization tree as its members fill it: pages and reorganizing."""
