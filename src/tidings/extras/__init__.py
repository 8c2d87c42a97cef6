"""What an article says besides events: quotations with speakers, amounts with their objects."""
