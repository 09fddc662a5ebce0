-- 006: reserved for the batches and task graphs migration, which is being written on another branch.
-- It changes nothing; when that migration lands it takes this number and this file goes away.
SELECT 1;
