// TEMPORARY stub until the schema lands
