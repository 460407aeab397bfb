"""OneStop benchmark harness: a province-scale dataset on PostgreSQL and the performance table (issue 9)."""
