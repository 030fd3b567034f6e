/**
 * The daily card (日签): the day's date with its Chinese calendar day (农历) and holiday or solar
 * term (chinese-days), a line of text, and the member's name and check-in streak, drawn as a PNG
 * with the bundled CJK font (src/render). `dailyCardFacts` is plain data (tested on its own);
 * `renderDailyCard` draws it. The card is sent to a member after a check-in where the platform
 * can send images, and previewed in the console.
 */
import cd from 'chinese-days';
import { CJK_FAMILY } from '../render/fonts.ts';
import { drawText, fillGradient, newDrawing } from '../render/png.ts';

/** The card's line when none is given (the console's preview and the card sent after a check-in). */
export const DAILY_CARD_LINE = '每天进步一点点。';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

export interface DailyCardFacts {
  /** YYYY-MM-DD (the workspace's day). */
  day: string;
  /** 2026年2月17日 星期二 */
  dateLine: string;
  /** 农历丙午年 正月初一 */
  lunarLine: string;
  /** 春节, 大雪, 国庆节…, or null on an ordinary day. */
  festival: string | null;
  /** True on a public holiday or weekend without make-up work (休), false on a workday (班). */
  dayOff: boolean;
}

/** The calendar facts of one day (YYYY-MM-DD). */
export function dailyCardFacts(day: string): DailyCardFacts {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`a day is YYYY-MM-DD, got ${JSON.stringify(day)}`);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const lunar = cd.getLunarDate(day);
  const detail = cd.getDayDetail(day);
  // getDayDetail names a public holiday "Spring Festival,春节,4" (English, Chinese, length);
  // an ordinary day is named by its weekday in English.
  const holidayParts = detail.name.split(',');
  const holiday = holidayParts.length >= 2 ? holidayParts[1]! : null;
  const lunarFestival = cd.getLunarFestivals(day, day)[0]?.name[0] ?? null;
  const term = cd.getSolarTerms(day, day)[0]?.name ?? null;
  return {
    day,
    dateLine: `${y}年${m}月${d}日 ${WEEKDAYS[weekday]}`,
    lunarLine: `农历${lunar.yearCyl}年 ${lunar.isLeap ? '闰' : ''}${lunar.lunarMonCN}${lunar.lunarDayCN}`,
    festival: holiday ?? lunarFestival ?? term,
    dayOff: !detail.work,
  };
}

export interface DailyCardInput {
  day: string;
  /** The line of the day (a quote, the group's motto). */
  text: string;
  memberName: string;
  streak: number;
  groupName?: string;
}

/** All the characters the card will show, for a glyph check. */
export function dailyCardText(input: DailyCardInput): string {
  const f = dailyCardFacts(input.day);
  return [f.dateLine, f.lunarLine, f.festival ?? '', input.text, input.memberName, streakLine(input.streak), input.groupName ?? '', String(Number(input.day.slice(8)))].join('\n');
}

function streakLine(streak: number): string {
  return `已连续打卡 ${streak} 天`;
}

export const DAILY_CARD_SIZE = { width: 750, height: 1000 } as const;

/** Draws the card; returns a PNG. */
export function renderDailyCard(input: DailyCardInput): Buffer {
  const f = dailyCardFacts(input.day);
  const { width, height } = DAILY_CARD_SIZE;
  const d = newDrawing(width, height);
  fillGradient(d, f.dayOff ? '#fff1f0' : '#f0f5ff', '#ffffff');
  const pad = 60;
  const inner = width - pad * 2;
  let y = 70;
  y = drawText(d, f.dateLine, pad, y, inner, { size: 32, color: '#595959' });
  d.ctx.fillStyle = f.dayOff ? '#cf1322' : '#1d39c4';
  d.ctx.font = `700 220px "${CJK_FAMILY}"`;
  d.ctx.textAlign = 'left';
  d.ctx.textBaseline = 'top';
  d.ctx.fillText(String(Number(input.day.slice(8))), pad - 8, y);
  y += 250;
  y = drawText(d, f.lunarLine, pad, y, inner, { size: 34, color: '#262626' });
  if (f.festival) y = drawText(d, f.festival, pad, y + 6, inner, { size: 34, weight: 700, color: f.dayOff ? '#cf1322' : '#d46b08' });
  y += 40;
  d.ctx.fillStyle = '#d9d9d9';
  d.ctx.fillRect(pad, y, inner, 2);
  y += 40;
  y = drawText(d, input.text, pad, y, inner, { size: 38, color: '#1f1f1f' });
  const footY = height - 190;
  drawText(d, input.memberName, pad, footY, inner, { size: 36, weight: 700, color: '#1f1f1f' });
  drawText(d, streakLine(input.streak), pad, footY + 56, inner, { size: 30, color: '#d46b08' });
  if (input.groupName) drawText(d, input.groupName, width - pad, footY + 56, inner / 2, { size: 24, color: '#8c8c8c', align: 'right' });
  return d.png();
}
