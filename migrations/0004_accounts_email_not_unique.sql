DROP INDEX `accounts_email_unique`;
CREATE INDEX `accounts_email` ON `accounts` (`email`);