import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/report/progress.js';

function capture(columns = 80): { stream: { write(chunk: string): boolean; columns: number }; writes: string[] } {
  const writes: string[] = [];
  return { writes, stream: { columns, write: (chunk: string) => (writes.push(chunk), true) } };
}

describe('progress bar', () => {
  it('writes nothing when disabled', () => {
    const { stream, writes } = capture();
    const progress = createProgress(stream, { enabled: false, total: 3, lang: 'zh' });
    progress.start('https://a.example/', 'a.example');
    progress.done({ failed: true });
    progress.stop();
    expect(writes).toEqual([]);
  });

  it('redraws in place with done/total, failures and the host, and clears the line on stop', () => {
    const { stream, writes } = capture();
    const progress = createProgress(stream, { enabled: true, total: 50, lang: 'zh' });
    progress.start('https://xxgk.example.edu.cn/a.htm', 'xxgk.example.edu.cn');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\r\x1b\[2K/);
    expect(writes[0]).toContain('0/50');
    expect(writes[0]).toContain('失败 0');
    expect(writes[0]).toContain('xxgk.example.edu.cn');
    expect(writes[0]).not.toContain('\n');
    progress.stop();
    expect(writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('throttles redraws and shows the latest state on the next redraw', async () => {
    const { stream, writes } = capture();
    const progress = createProgress(stream, { enabled: true, total: 1000, lang: 'en' });
    for (let i = 0; i < 1000; i++) {
      progress.start(`https://h${i}.example/`, `h${i}.example`);
      progress.done({ failed: i % 10 === 0 });
    }
    // A thousand events in one tick: one immediate draw and at most one pending.
    expect(writes.length).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(writes.length).toBeLessThanOrEqual(3);
    expect(writes.at(-1)).toContain('1000/1000');
    expect(writes.at(-1)).toContain('100 failed');
    progress.stop();
  });

  it('never draws after stop, and fits a narrow terminal', async () => {
    const { stream, writes } = capture(30);
    const progress = createProgress(stream, { enabled: true, total: 5, lang: 'en' });
    progress.start('https://a-very-long-host-name.example.edu.cn/', 'a-very-long-host-name.example.edu.cn');
    progress.done({ failed: false });
    progress.stop();
    const count = writes.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(writes.length).toBe(count);
    for (const w of writes) expect(w.replace(/^\r\x1b\[2K/, '').length).toBeLessThan(30);
  });
});
