// The inventory schema, one concern per file: loaders, the server type, its queries, stats, fleet, drift.
import './inventory/server-queries.ts';
import './inventory/stats.ts';
import './inventory/fleet.ts';
import './inventory/drift.ts';
