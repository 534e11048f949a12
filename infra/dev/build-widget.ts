import { existsSync } from 'node:fs';
import { build } from 'vite';
import { REPO_ROOT } from '../rig/run-dir.ts';

export interface WidgetBuild {
  /** The widget's build (index.html, assets/), which the API hosts at /widget/. */
  widgetDir: string;
  /** The embed loader, which the API hosts at /embed.js. */
  embedFile: string;
}

/** Builds the widget and the embed loader (vite) unless built already and `rebuild` is false. */
export async function buildWidget(rebuild = true): Promise<WidgetBuild> {
  const built = {
    widgetDir: `${REPO_ROOT}widget/dist`,
    embedFile: `${REPO_ROOT}embed/dist/embed.js`,
  };
  if (rebuild || !existsSync(`${built.widgetDir}/index.html`) || !existsSync(built.embedFile)) {
    await build({ configFile: `${REPO_ROOT}widget/vite.config.ts`, logLevel: 'warn' });
    await build({ configFile: `${REPO_ROOT}embed/vite.config.ts`, logLevel: 'warn' });
  }
  return built;
}
