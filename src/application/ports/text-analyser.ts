import type { TextAnalysis } from '../../domain/themes';

/** The port a language library implements (src/adapters/nlp). */
export interface TextAnalyser {
  analyse(text: string): TextAnalysis;
}
