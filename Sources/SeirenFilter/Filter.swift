// SeirenFilter: quality filters. Not built yet.
