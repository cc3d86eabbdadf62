import { describe, expect, it } from 'vitest';
import { parseConfig, defaultConfig } from '../../core/config/parse.js';
import { configTemplate } from './config-template.js';

describe('configTemplate', () => {
  it('parses to exactly the defaults (plus the name) in both modes, without warnings', () => {
    const text = configTemplate('payments');
    for (const mode of ['sandbox', 'compliance'] as const) {
      const parsed = parseConfig(text, 'specgate.yaml', mode);
      expect(parsed.errors).toEqual([]);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.config).toEqual({ ...defaultConfig(), name: 'payments' });
    }
  });

  it('keeps a name that YAML would otherwise misread', () => {
    for (const name of ['yes', '123', 'a: b # c', '- x', "it's"]) {
      expect(parseConfig(configTemplate(name), 'specgate.yaml').config?.name).toBe(name);
    }
  });

  it('shows optional keys commented out so that uncommenting one line sets them', () => {
    const text = configTemplate('p');
    const optional = text.split('\n').filter((line) => /^ {2,}# [a-zA-Z]+: .+ {2}# /.test(line));
    expect(optional.length).toBeGreaterThanOrEqual(5);
    for (const line of optional) {
      const uncommented = text.replace(line, line.replace('# ', ''));
      const parsed = parseConfig(uncommented, 'specgate.yaml', 'compliance');
      // `...` placeholders are not values: only lines with a real example must load.
      if (line.includes(': ...')) continue;
      expect(parsed.errors, line).toEqual([]);
    }
    const withCommand = text.replace(/^( {2})# (command: node dist\/server\.js)/m, '$1$2');
    expect(parseConfig(withCommand, 'specgate.yaml').config?.deploy.command).toBe('node dist/server.js');
  });
});
