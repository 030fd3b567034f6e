/**
 * History import: chat exports (Telegram Desktop's result.json, WhatsApp's "Export chat" .txt)
 * read as streams of envelope events and ingested in two passes, validate then write, so that a
 * malformed file leaves nothing behind and a re-import stores nothing twice.
 */
export { ImportFormatError, type ImportPosition, type ReaderOptions } from './errors.ts';
export { readTelegramExport, scanTelegramNames, TelegramNames, GROUP_CHAT_TYPES, type TelegramReaderOptions } from './telegram.ts';
export { readWhatsAppExport, detectDateOrder, groupNameFromFile, whatsAppGroupId, whatsAppUserId, type DateOrder, type WhatsAppReaderOptions } from './whatsapp.ts';
export { importHistory, type ImportOptions, type ImportProgress, type ImportSource, type ImportSummary } from './import-history.ts';
export { runImportCommand, type ImportCommandOptions } from './command.ts';
export { makeTelegramExport, type MakeTelegramExportOptions, type MadeExport } from './make-telegram-export.ts';
