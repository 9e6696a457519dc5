"""What publishing needs: statistical disclosure control and the data dictionary renderer."""
