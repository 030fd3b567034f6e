/** Small shared pieces: hint on hover, confirmation on demand, sparkline, health badge, change arrow, stage tag, language switch. */
import { ArrowDownOutlined, ArrowUpOutlined, GlobalOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Tag, Tooltip, type PopconfirmProps } from 'antd';
import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupStage, Health, Stage } from '../api/index.ts';
import { currentLanguage, setLanguage } from '../i18n/index.ts';
import { change, fmtPercent } from '../lib/format.ts';

/**
 * A tooltip that costs nothing until it is needed: antd's Tooltip (a trigger with alignment,
 * motion and portal hooks) is mounted at the first pointer or focus on its child, already open.
 * For hints repeated in every row of a table (20–200 of them), where a Tooltip each made the
 * table's first render noticeably slower. The wrapper is `display: contents` (styles.css).
 */
export function Hint({ title, children }: { title: ReactNode | (() => ReactNode); children: ReactElement }) {
  const [armed, setArmed] = useState(false);
  const arm = () => setArmed(true);
  return (
    <span className="qy-hint" onPointerEnter={armed ? undefined : arm} onFocus={armed ? undefined : arm}>
      {armed ? <Tooltip title={typeof title === 'function' ? title() : title} defaultOpen>{children}</Tooltip> : children}
    </span>
  );
}

/**
 * A Popconfirm that costs nothing until it is used, like Hint: the button renders alone, and
 * antd's Popconfirm (a popover with trigger, motion and portal hooks) is mounted at the first
 * click, already open, with the focus kept on the button. For confirmations repeated in every row
 * of a table (the group page's 移出 on each member: 20 Popconfirms in its first render).
 */
export function ConfirmOnDemand({ children, ...props }: Omit<PopconfirmProps, 'children' | 'open' | 'defaultOpen'> & { children: ReactElement }) {
  const [armed, setArmed] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (armed) box.current?.querySelector<HTMLElement>('button, a, [tabindex]')?.focus();
  }, [armed]);
  return (
    <span className="qy-hint" ref={box} onClickCapture={armed ? undefined : () => setArmed(true)}>
      {armed ? <Popconfirm {...props} defaultOpen>{children}</Popconfirm> : children}
    </span>
  );
}

/** Inline SVG line of a short series (messages per day, last 14 days). */
/**
 * A thin filled bar (how full a group is), drawn as two boxes: antd's Progress in each of a 20-row
 * table's rows cost its theme, motion and layout hooks per row in the page's first render.
 */
export function FillBar({ percent, color }: { percent: number; color: string }) {
  return (
    <span className="qy-fill" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
      <span style={{ width: `${percent}%`, background: color }} />
    </span>
  );
}

export function Sparkline({ values, width = 84, height = 22, color = '#1668dc' }: { values: number[]; width?: number; height?: number; color?: string }) {
  if (values.length === 0) return <span className="qy-muted">–</span>;
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const area = `0,${height} ${points.join(' ')} ${((values.length - 1) * step).toFixed(1)},${height}`;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="qy-sparkline" aria-hidden>
      <polygon points={area} fill={color} opacity={0.12} />
      <polyline points={points.join(' ')} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}

const healthColor: Record<Health, string> = { healthy: 'green', quiet: 'gold', silent: 'red', full: 'blue' };

export function HealthBadge({ health }: { health: Health }) {
  const { t } = useTranslation();
  return (
    <Hint title={() => t(`health.${health}Hint`)}>
      <Tag color={healthColor[health]} data-testid={`health-${health}`}>
        {t(`health.${health}`)}
      </Tag>
    </Hint>
  );
}

const groupStageColor: Record<GroupStage, string> = { new: 'blue', growing: 'green', mature: 'cyan', declining: 'orange', dormant: 'default' };

/** A group's stage in its life (docs/group-stage.md), with what it means on hover. */
export function GroupStageTag({ stage }: { stage: GroupStage }) {
  const { t } = useTranslation();
  return (
    <Hint title={() => t(`groupStage.${stage}Hint`)}>
      <Tag color={groupStageColor[stage]} data-testid={`group-stage-${stage}`}>
        {t(`groupStage.${stage}`)}
      </Tag>
    </Hint>
  );
}

const stageColor: Record<Stage, string> = { new: 'blue', active: 'green', silent: 'orange', churned: 'default' };

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return <Tag color={stageColor[stage]}>{t(`stage.${stage}`)}</Tag>;
}

/** ↑/↓ % against the previous period; `upIsGood=false` for leaves. */
export function Delta({ current, previous, upIsGood = true }: { current: number; previous: number; upIsGood?: boolean }) {
  const { t } = useTranslation();
  const ratio = change(current, previous);
  if (ratio === null) return <span className="qy-delta qy-muted">{t('overview.noComparison')}</span>;
  if (Math.abs(ratio) < 0.0005) return <span className="qy-delta qy-muted">{t('overview.unchanged')}</span>;
  const up = ratio > 0;
  const good = up === upIsGood;
  return (
    <span className={`qy-delta ${good ? 'qy-good' : 'qy-bad'}`} data-testid="delta">
      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {fmtPercent(Math.abs(ratio))}
    </span>
  );
}

export function LanguageSwitch({ onDark }: { onDark?: boolean }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : currentLanguage();
  const next = lang === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => void setLanguage(next)}
      data-testid="lang-switch"
      data-lang={lang}
      className={onDark ? 'qy-on-dark' : undefined}
      aria-label={next === 'en' ? 'Switch to English' : '切换到中文'}
    >
      {next === 'en' ? 'English' : '中文'}
    </Button>
  );
}
