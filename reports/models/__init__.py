from .snapshots import StatisticsSnapshot

__all__ = ["StatisticsSnapshot"]
