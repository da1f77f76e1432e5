from .reminders import Reminder, ReminderRun
from .snapshots import StatisticsSnapshot

__all__ = ["Reminder", "ReminderRun", "StatisticsSnapshot"]
